// The sub-navigation of the rectification pages; the selected region travels with it.
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Segmented } from 'antd';
import { useRt } from '../i18n-rectification';

const sections = [
  ['/rectification', 'dashboard'],
  ['/rectification/problems', 'problems'],
  ['/rectification/batches', 'batches'],
] as const;

export function RectificationNav() {
  const rt = useRt();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const region = params.get('region');
  const current = [...sections].reverse().find(([path]) => location.pathname.startsWith(path))?.[0] ?? '/rectification';
  return (
    <Segmented
      style={{ marginBottom: 12 }}
      value={current}
      onChange={(path) => navigate(region ? `${path}?region=${region}` : path)}
      options={sections.map(([path, key]) => ({ value: path, label: <span data-testid={`rect-nav-${key}`}>{rt(key)}</span> }))}
    />
  );
}
