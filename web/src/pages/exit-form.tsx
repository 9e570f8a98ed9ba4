// The printable verification form (贫困户退出核验表 / 贫困村退出核验表): the unit, the standard's
// criteria with their results, then every signature the procedure requires with the missing ones
// marked, so a gap like the county leader's signature (seed 002) is visible on paper. On screen it is a card; in print it is the whole page.
import { Card, Typography } from 'antd';
import type { CaseDetail } from '../api-exit';
import { useLang } from '../i18n';
import { useXT } from '../i18n-exit';
import { ExitFormCriteria } from './exit-form-criteria';

/** Print only the form: hide the frame and the interactive parts, let the content grow. */
export const printStyle = `
.print-only { display: none; }
@media print {
  @page { size: A4; margin: 14mm; }
  .ant-layout-header, .ant-layout-sider, .no-print, .ant-drawer, .ant-modal-root { display: none !important; }
  .ant-layout, .ant-layout-content { height: auto !important; overflow: visible !important; padding: 0 !important; background: #fff !important; }
  .print-form { border: none !important; box-shadow: none !important; }
  .print-form .ant-card-head { display: none; }
  .print-only { display: block; }
  .exit-form-table td, .exit-form-table th { border: 1px solid #000 !important; }
  .exit-form-missing { color: #000 !important; font-weight: bold; }
}
.exit-form-table { width: 100%; border-collapse: collapse; margin-top: 8px; }
.exit-form-table td, .exit-form-table th { border: 1px solid #bbb; padding: 6px 8px; text-align: left; vertical-align: top; }
.exit-form-table th { background: #fafafa; width: 18%; }
.exit-form-missing { color: #b71c1c; font-weight: bold; }
.exit-form-sign { min-width: 140px; height: 36px; }
`;

export function ExitForm({ detail }: { detail: CaseDetail }) {
  const t = useXT();
  const { lang } = useLang();
  const c = detail.case;
  const h = detail.unit.household;
  const title = c.kind === 'household' ? t('householdForm') : c.kind === 'village' ? t('villageForm') : t('countyForm');
  const place = detail.unit.path.map((p) => p.name).join(' ');
  const form = detail.form;
  return (
    <Card className="print-form" size="small" title={title} data-testid="exit-form">
      <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }} data-testid="form-title">
        {title}
      </Typography.Title>
      <table className="exit-form-table">
        <tbody>
          <tr>
            <th>{t('place')}</th>
            <td colSpan={3}>{place}</td>
          </tr>
          {h && (
            <tr>
              <th>{t('householdNo')}</th>
              <td>{h.householdNo}</td>
              <th>{t('head')}</th>
              <td>{h.headName ?? '—'}</td>
            </tr>
          )}
          {h && (
            <tr>
              <th>{t('members')}</th>
              <td>{h.memberCount}</td>
              <th>{t('income')}</th>
              <td>{h.netIncomePerCapita === null ? '—' : (h.netIncomePerCapita / 100).toFixed(2)}</td>
            </tr>
          )}
          <tr>
            <th>{t('year')}</th>
            <td>{c.year}</td>
            <th>{t('exitCase')}</th>
            <td>
              {c.id}（{t(c.status)}）
            </td>
          </tr>
        </tbody>
      </table>
      <ExitFormCriteria detail={detail} />
      <table className="exit-form-table" data-testid="form-signatures">
        <thead>
          <tr>
            <th>{t('steps')}</th>
            <th>{t('signedBy')}</th>
            <th>{t('signatoryName')}</th>
            <th>{t('date')}</th>
          </tr>
        </thead>
        <tbody>
          {form.lines.map((l) => (
            <tr key={`${l.step}-${l.slot}`} data-testid={`form-line-${l.step}-${l.slot}`}>
              <td>{lang === 'en' ? l.stepEn : l.stepZh}</td>
              <td>{lang === 'en' ? l.slotEn : l.slotZh}</td>
              <td className={l.missing ? 'exit-form-missing exit-form-sign' : 'exit-form-sign'}>{l.missing ? `【${t('missing')}】` : l.signatoryName}</td>
              <td>{l.date ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph style={{ marginTop: 8 }} className={form.missing > 0 ? 'exit-form-missing' : ''} data-testid="form-missing">
        {form.missing > 0 ? t('formMissing', { n: form.missing }) : t('formComplete')}
      </Typography.Paragraph>
    </Card>
  );
}
