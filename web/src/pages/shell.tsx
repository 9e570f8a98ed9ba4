// The frame of every page: header with user and language, the region tree (a drawer on phones).
import { useState } from 'react';
import { Outlet, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Drawer, Dropdown, Form, Grid, Input, Layout, Menu, Modal, Space, Tag, Typography, App } from 'antd';
import { ApiError, api } from '../api';
import { useApp } from '../app-context';
import { useLang, useT } from '../i18n';
import { RegionTree } from '../components/region-tree';
import { useRt } from '../i18n-rectification';
import { translateAssistance } from '../i18n-assistance';
import { useDT } from '../i18n-datatruth';
import { useYT } from '../i18n-years';

export function Shell() {
  const t = useT();
  const rt = useRt();
  const dt = useDT();
  const yt = useYT();
  const { lang, setLang } = useLang();
  const { user, signOut } = useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const region = params.get('region') ?? user.regionCode;
  // The menu key is the first path segment; choosing a region keeps the page, except a household
  // file, which belongs to one village: the region's list replaces it.
  const page = location.pathname.split('/')[1] || 'dashboard';

  const selectRegion = (code: string) => {
    setDrawer(false);
    // Rectification pages stay on their section when the region changes (filters start afresh).
    if (page === 'rectification') return navigate(`${location.pathname.replace(/\/\d+(\/report)?$/, '')}?region=${code}`);
    // The dashboard keeps its chosen year while the user drills down.
    const year = page === 'dashboard' ? params.get('year') : null;
    navigate(`/${page}?region=${code}${year ? `&year=${year}` : ''}`);
  };
  const tree = <RegionTree root={user.regionCode} selected={region} onSelect={selectRegion} />;
  const wide = screens.md ?? true;
  const selected = page === 'sampling' ? 'exit-cases' : page;
  const sections = [
    { key: 'dashboard', label: t('dashboard'), onClick: () => navigate(`/dashboard?region=${region}`) },
    { key: 'households', label: t('households'), onClick: () => navigate(`/households?region=${region}`) },
    { key: 'workbooks', label: t('workbooks'), onClick: () => navigate(`/workbooks?region=${region}`) },
    // Every role may see which years are closed (GET /years); only an admin gets the buttons there.
    { key: 'years', label: <span data-testid="menu-years">{yt('menu')}</span>, onClick: () => navigate(`/years?region=${region}`) },
    { key: 'assistance', label: translateAssistance(lang, 'assistance'), onClick: () => navigate(user.role === 'workTeam' ? '/assistance/worklist' : `/assistance?region=${region}`) },
    { key: 'exit', label: lang === 'en' ? 'Exit assessment' : '脱贫评估', onClick: () => navigate(`/exit?region=${region}`) },
    { key: 'exit-cases', label: lang === 'en' ? 'Exits' : '脱贫退出', onClick: () => navigate(`/exit-cases?region=${region}`) },
    { key: 'rectification', label: <span data-testid="menu-rectification">{rt('menu')}</span>, onClick: () => navigate(`/rectification?region=${region}`) },
    { key: 'datatruth', label: dt('menu'), children: [{ key: 'crosscheck', label: dt('crosscheck'), onClick: () => navigate(`/crosscheck?region=${region}`) }, { key: 'quality', label: dt('quality'), onClick: () => navigate(`/quality?region=${region}`) }] },
    { key: 'scoring', label: lang === 'en' ? 'Rankings' : '考核排名', onClick: () => navigate('/scoring') },
  ];
  // A phone's list shows a submenu's entries in place, under its name: a side popup would leave the screen.
  const phoneSections = sections.map((s) => (s.children ? { type: 'group' as const, key: s.key, label: s.label, children: s.children } : s));
  const sectionLabel = sections.flatMap((s) => [s, ...(s.children ?? [])]).find((s) => s.key === selected)?.label ?? t('dashboard');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: wide ? 16 : 8, padding: wide ? '0 16px' : '0 8px', background: '#b71c1c' }}>
        {!wide && (
          <Button size="small" onClick={() => setDrawer(true)} data-testid="open-tree">
            {t('regions')}
          </Button>
        )}
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          {/* The full name only where the menu still fits beside it: at 1366 px it pushed the last
              sections (Rankings, and in English Exits to Data check too) behind the overflow mark. */}
          精准{wide && screens.xxl ? ` · ${t('appName')}` : ''}
        </Typography.Text>
        {wide ? (
          <Menu mode="horizontal" theme="dark" selectedKeys={[selected]} style={{ flex: 1, minWidth: 0, background: 'transparent' }} items={sections} />
        ) : (
          // On a phone the sections are one button that names the current one, not a bare overflow mark.
          <div style={{ flex: 1, minWidth: 0 }}>
            <Dropdown trigger={['click']} menu={{ items: phoneSections, selectedKeys: [selected] }}>
              <Button size="small" data-testid="open-sections" style={{ maxWidth: '100%', overflow: 'hidden' }}>
                {/* A long name (Rectification) is cut at its end with an ellipsis: centred, it lost its first letter. */}
                <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{sectionLabel}</span> ▾
              </Button>
            </Dropdown>
          </div>
        )}
        <Space size={wide ? 8 : 4}>
          {/* On a phone the other language is named short (EN / 中), leaving the section button room
              for its name: a cadre saw 帮… for 帮扶工作. */}
          <Button size="small" autoInsertSpace={false} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} title={t('language')} data-testid="switch-language">
            {wide ? t('language') : lang === 'zh' ? 'EN' : '中'}
          </Button>
          <Dropdown
            menu={{
              items: [
                { key: 'password', label: t('changePassword'), onClick: () => setPasswordOpen(true) },
                { key: 'out', label: t('signOut'), onClick: signOut },
              ],
            }}
          >
            <Button size="small" data-testid="user-menu" title={user.displayName}>
              {/* On a phone the name is cut short so the header never pushes past the screen. */}
              <span style={wide ? undefined : { maxWidth: 72, overflow: 'hidden', textOverflow: 'ellipsis' }}>{user.displayName}</span>
              {wide && <Tag style={{ marginLeft: 6 }}>{user.roleLabel[lang]}</Tag>}
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        {wide && (
          <Layout.Sider width={280} theme="light" style={{ overflow: 'auto', height: 'calc(100vh - 64px)', padding: '12px 4px', borderRight: '1px solid #f0f0f0' }} data-testid="region-tree">
            {tree}
          </Layout.Sider>
        )}
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" title={t('regions')} width={300}>
          {tree}
        </Drawer>
        <Layout.Content style={{ padding: wide ? 20 : 8, overflow: 'auto', height: 'calc(100vh - 64px)' }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      <PasswordDialog open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}

function PasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await api('POST', '/auth/password', values);
      void message.success(t('saved'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (e instanceof ApiError) form.setFields(e.errors.map((f) => ({ name: f.field, errors: [f.message] })));
    }
  };
  return (
    <Modal open={open} title={t('changePassword')} onOk={submit} onCancel={onClose} okText={t('save')} cancelText={t('cancel')}>
      <Form form={form} layout="vertical">
        <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true }]}>
          <Input.Password />
        </Form.Item>
        <Form.Item name="newPassword" label={t('newPassword')} rules={[{ required: true }]}>
          <Input.Password />
        </Form.Item>
      </Form>
    </Modal>
  );
}
