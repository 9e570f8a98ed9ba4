import { StrictMode, Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { api, setCsrfToken, setLanguage, setOnUnauthorized, type CodeLists, type User } from './api';
import { AppContext } from './app-context';
import { LangContext, type Lang } from './i18n';
import { LoginPage } from './pages/login';
import { Shell } from './pages/shell';
import { HouseholdsPage } from './pages/households';
import { HouseholdFilePage } from './pages/household-file';
import { HouseholdPrintPage } from './pages/household-print';
import { RectificationListPage } from './pages/rectification-list';
import { RectificationRecordPage } from './pages/rectification-record';
import { RectificationBatchesPage } from './pages/rectification-batches';
import { RectificationReportPage } from './pages/rectification-report';
import { ExitCasesPage } from './pages/exit-cases';
import { ExitCasePage } from './pages/exit-case';
import { SamplingPage } from './pages/sampling';
import { SamplePlanPage } from './pages/sample-plan';
import { ExitHouseholdPage, ExitRunUnitPage } from './pages/exit-checklist';

// The dashboard pulls in ECharts; load it only when it is opened.
const DashboardPage = lazy(() => import('./pages/dashboard'));
const WorkbooksPage = lazy(() => import('./pages/workbooks'));
const YearsPage = lazy(() => import('./pages/years'));
const RectificationDashboardPage = lazy(() => import('./pages/rectification-dashboard'));
const ScoringPage = lazy(() => import('./pages/scoring'));
const ScoringUnitPage = lazy(() => import('./pages/scoring-unit'));
const ExitPage = lazy(() => import('./pages/exit'));
const AssistanceWorklistPage = lazy(() => import('./pages/assistance-worklist'));
const AssistanceVillagesPage = lazy(() => import('./pages/assistance-villages'));
const AssistanceSurveysPage = lazy(() => import('./pages/assistance-surveys'));
const AssistanceMeasuresPage = lazy(() => import('./pages/assistance-measures'));
const CrosscheckReviewPage = lazy(() => import('./pages/crosscheck-review'));
const QualityDashboardPage = lazy(() => import('./pages/quality-dashboard'));

function Root() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('jz.lang') === 'en' ? 'en' : 'zh'));
  const [user, setUser] = useState<User | null>(null);
  const [codeLists, setCodeLists] = useState<CodeLists | null>(null);
  const [checked, setChecked] = useState(false);

  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('jz.lang', l);
    setLangState(l);
  }, []);
  setLanguage(lang === 'en' ? 'en' : 'zh-CN');
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  }, [lang]);

  const enter = useCallback(async (u: User, csrf: string) => {
    setCsrfToken(csrf);
    setCodeLists(await api<CodeLists>('GET', '/code-lists'));
    setUser(u);
  }, []);

  useEffect(() => {
    setOnUnauthorized(() => setUser(null));
    api<{ user: User | null; csrfToken: string | null }>('GET', '/auth/session')
      .then((r) => (r.user ? enter(r.user, r.csrfToken ?? '') : undefined))
      .catch(() => undefined)
      .finally(() => setChecked(true));
  }, [enter]);

  const signOut = useCallback(() => {
    void api('POST', '/auth/logout').finally(() => setUser(null));
  }, []);

  let body;
  if (!checked) body = <Spin style={{ marginTop: 120, width: '100%' }} />;
  else if (!user || !codeLists) body = <LoginPage onSignedIn={enter} />;
  else {
    body = (
      <AppContext.Provider value={{ user, codeLists, signOut }}>
        <Routes>
          {/* On paper, without the workbench around it. */}
          <Route path="/households/:id/print" element={<HouseholdPrintPage />} />
          <Route element={<Shell />}>
            <Route path="/" element={<Navigate to={`/dashboard?region=${user.regionCode}`} replace />} />
            <Route
              path="/dashboard"
              element={
                <Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}>
                  <DashboardPage />
                </Suspense>
              }
            />
            <Route path="/households" element={<HouseholdsPage />} />
            <Route path="/households/:id" element={<HouseholdFilePage />} />
            <Route path="/workbooks" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><WorkbooksPage /></Suspense>} />
            <Route path="/years" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><YearsPage /></Suspense>} />
            <Route path="/rectification" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><RectificationDashboardPage /></Suspense>} />
            <Route path="/rectification/problems" element={<RectificationListPage />} />
            <Route path="/rectification/problems/:id" element={<RectificationRecordPage />} />
            <Route path="/rectification/batches" element={<RectificationBatchesPage />} />
            <Route path="/rectification/batches/:id/report" element={<RectificationReportPage />} />
            <Route path="/exit-cases" element={<ExitCasesPage />} />
            <Route path="/exit-cases/:id" element={<ExitCasePage />} />
            <Route path="/sampling" element={<SamplingPage />} />
            <Route path="/sampling/:id" element={<SamplePlanPage />} />
            <Route path="/scoring" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><ScoringPage /></Suspense>} />
            <Route path="/scoring/:schemeId/:period/:unitId" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><ScoringUnitPage /></Suspense>} />
            <Route path="/exit" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><ExitPage /></Suspense>} />
            <Route path="/exit/households/:id" element={<ExitHouseholdPage />} />
            <Route path="/exit/runs/:run/units/:code" element={<ExitRunUnitPage />} />
            <Route path="/assistance" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><AssistanceVillagesPage /></Suspense>} />
            <Route path="/assistance/worklist" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><AssistanceWorklistPage /></Suspense>} />
            <Route path="/assistance/surveys" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><AssistanceSurveysPage /></Suspense>} />
            <Route path="/assistance/measures" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><AssistanceMeasuresPage /></Suspense>} />
            <Route path="/crosscheck" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><CrosscheckReviewPage /></Suspense>} />
            <Route path="/quality" element={<Suspense fallback={<Spin style={{ marginTop: 80, width: '100%' }} />}><QualityDashboardPage /></Suspense>} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Routes>
      </AppContext.Provider>
    );
  }
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4, fontFamily: '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' } }}>
        <AntApp>{body}</AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <BrowserRouter>
        <Root />
      </BrowserRouter>
    </StrictMode>,
  );
}
