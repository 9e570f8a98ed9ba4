// The region tree: from the account's region down to villages, children loaded on demand,
// each node showing its households and poor households.
import { useEffect, useState } from 'react';
import { Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { api, type RegionStats } from '../api';
import { fmt } from '../app-context';
import { useT } from '../i18n';

interface Node extends DataNode {
  key: string;
  level: number;
}

/** Two bare figures say nothing to a newcomer: the tooltip names them, in the reader's language. */
function Counts({ households, poor }: { households: number; poor: number }) {
  const t = useT();
  return (
    <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }} title={t('regionCounts', { households: fmt.format(households), poor: fmt.format(poor) })}>
      {fmt.format(households)} / {fmt.format(poor)}
    </Typography.Text>
  );
}

function toNode(r: RegionStats): Node {
  return {
    key: r.code,
    level: r.level,
    isLeaf: r.level >= 5,
    title: (
      <span data-testid={`region-${r.code}`}>
        {r.name}
        <Counts households={r.households} poor={r.poor + r.relapsed} />
      </span>
    ),
  };
}

function replaceChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) => (n.key === key ? { ...n, children } : n.children ? { ...n, children: replaceChildren(n.children as Node[], key, children) } : n));
}

/** Sent on `window` by a page that changed the registry (an import), so that the counts follow. */
export const registryChanged = 'jingzhun:registry-changed';

export function RegionTree({ root, selected, onSelect }: { root: string; selected: string; onSelect: (code: string) => void }) {
  const [nodes, setNodes] = useState<Node[]>([]);
  const [expanded, setExpanded] = useState<string[]>([root]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const changed = () => setVersion((v) => v + 1);
    window.addEventListener(registryChanged, changed);
    return () => window.removeEventListener(registryChanged, changed);
  }, []);
  useEffect(() => {
    // Counts of the regions opened below the root are fetched again when opened.
    void api<RegionStats & { children: RegionStats[] }>('GET', `/stats/${root}`).then((s) => setNodes([{ ...toNode(s), children: s.children.map(toNode) }]));
  }, [root, version]);
  const load = async (node: Node) => {
    if (node.children && node.children.length > 0) return;
    const r = await api<{ items: RegionStats[] }>('GET', `/regions/${node.key}/children`);
    setNodes((current) => replaceChildren(current, node.key, r.items.map(toNode)));
  };
  if (nodes.length === 0) return null;
  return (
    <Tree<Node>
      treeData={nodes}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys.map(String))}
      selectedKeys={[selected]}
      loadData={load}
      onSelect={(_keys, info) => {
        // Choosing a region also opens it, so drilling down is one click per level.
        const key = String(info.node.key);
        if (!expanded.includes(key)) setExpanded([...expanded, key]);
        onSelect(key);
      }}
      style={{ background: 'transparent' }}
    />
  );
}
