// 数据质量: the score of the selected region and of its subregions, its trend over checks, the
// findings by rule and household. Region staff run a new check; everyone in scope reads.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { ApiError, api, writers } from '../api';
import { fmt, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useDT } from '../i18n-datatruth';
import { Chart } from '../components/chart';

echarts.use([LineChart]);

interface Label {
  zh: string;
  en: string;
  group: string;
}
interface RegionScore {
  regionCode: string;
  name?: string;
  households: number;
  householdsWithFindings: number;
  findings: number;
  score: number;
}
interface QualityDashboard {
  runId: number | null;
  region: (RegionScore & { byRule: Record<string, number> }) | null;
  children: RegionScore[];
  trend: { runId: number; at: string; checkedOn: string; score: number; findings: number }[];
}
interface Finding {
  id: number;
  rule: string;
  ruleLabel: Label | null;
  householdId: number;
  householdNo: string;
  villageCode: string;
  memberName: string | null;
  detail: string;
  /** Null for findings stored before English details were kept. */
  detailEn: string | null;
}

export default function QualityDashboardPage() {
  const dt = useDT();
  const { lang } = useLang();
  const { user } = useApp();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const region = params.get('region') ?? user.regionCode;
  const [data, setData] = useState<QualityDashboard | null>(null);
  const [rules, setRules] = useState<Record<string, Label>>({});
  const [findings, setFindings] = useState<{ total: number; items: Finding[] }>({ total: 0, items: [] });
  const [offset, setOffset] = useState(0);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const d = await api<QualityDashboard>('GET', `/quality?under=${region}`);
    setData(d);
    if (d.runId) setFindings(await api('GET', `/quality/runs/${d.runId}/findings?under=${region}&limit=20&offset=${offset}`));
    else setFindings({ total: 0, items: [] });
  }, [region, offset]);

  useEffect(() => {
    void api<{ qualityRules: Record<string, Label> }>('GET', '/crosscheck/kinds').then((r) => setRules(r.qualityRules));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const runCheck = async () => {
    setBusy(true);
    try {
      await api('POST', '/quality/runs', { under: region });
      setOffset(0);
      await load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const trendOption = useMemo(() => {
    const trend = data?.trend ?? [];
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, bottom: 30, top: 20 },
      xAxis: { type: 'category', data: trend.map((p) => `${p.checkedOn} #${p.runId}`) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'line', data: trend.map((p) => p.score), itemStyle: { color: '#b71c1c' } }],
    };
  }, [data]);

  const ruleName = (rule: string) => (rules[rule] ? rules[rule][lang] : rule);

  return (
    <Space direction="vertical" style={{ width: '100%', padding: 16 }} size="middle">
      <Space>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {dt('quality')}
        </Typography.Title>
        {writers.has(user.role) && (
          <Button type="primary" loading={busy} onClick={() => void runCheck()} data-testid="run-quality">
            {dt('runCheck')}
          </Button>
        )}
      </Space>
      {!data?.region ? (
        <Empty description={dt('notRun')} />
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={dt('score')} value={data.region.score} precision={1} data-testid="quality-score" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={dt('households')} value={data.region.households} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={dt('flagged')} value={data.region.householdsWithFindings} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={dt('findings')} value={data.region.findings} />
              </Card>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={14}>
              <Card size="small" title={dt('trend')}>
                <Chart option={trendOption} height={260} testId="quality-trend" />
              </Card>
            </Col>
            <Col xs={24} md={10}>
              <Card size="small" title={dt('byRule')}>
                <Table size="small" rowKey="rule" pagination={false} dataSource={Object.entries(data.region.byRule).map(([rule, n]) => ({ rule, n }))} columns={[{ title: dt('rule'), dataIndex: 'rule', render: (r: string) => ruleName(r) }, { title: dt('findings'), dataIndex: 'n', width: 90, align: 'right', render: (n: number) => fmt.format(n) }]} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={dt('children')}>
            <Table<RegionScore>
              size="small"
              rowKey="regionCode"
              data-testid="quality-children"
              dataSource={data.children}
              pagination={{ pageSize: 10 }}
              onRow={(r) => ({ onClick: () => navigate(`/quality?region=${r.regionCode}`), style: { cursor: 'pointer' } })}
              columns={[
                { title: dt('region'), dataIndex: 'regionCode', render: (code: string, r) => r.name ?? code },
                { title: dt('score'), dataIndex: 'score', sorter: (a, b) => a.score - b.score, defaultSortOrder: 'ascend' },
                { title: dt('households'), dataIndex: 'households', align: 'right', render: (n: number) => fmt.format(n) },
                { title: dt('flagged'), dataIndex: 'householdsWithFindings', align: 'right', render: (n: number) => fmt.format(n) },
              ]}
            />
          </Card>
          <Card size="small" title={dt('findings')} extra={data.runId !== null && <Button size="small" href={`/api/v1/quality/runs/${data.runId}/findings.xlsx?under=${region}`} data-testid="export-findings">{dt('exportFindings')}</Button>}>
            <Table<Finding>
              size="small"
              rowKey="id"
              data-testid="quality-findings"
              dataSource={findings.items}
              pagination={{ total: findings.total, pageSize: 20, current: offset / 20 + 1, onChange: (p) => setOffset((p - 1) * 20) }}
              onRow={(f) => ({ onClick: () => navigate(`/households/${f.householdId}`), style: { cursor: 'pointer' } })}
              columns={[
                { title: dt('rule'), dataIndex: 'rule', render: (r: string) => ruleName(r) },
                { title: dt('household'), dataIndex: 'householdNo' },
                { title: dt('member'), dataIndex: 'memberName' },
                { title: dt('detail'), key: 'detail', render: (_: unknown, f: Finding) => (lang === 'en' ? (f.detailEn ?? f.detail) : f.detail) },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
