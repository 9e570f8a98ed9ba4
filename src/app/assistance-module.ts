// The assistance use cases wired together, for the composition root, the routes and the CLI.
import type { Store } from '../store/store.js';
import { createAssistanceService } from './assistance.js';
import { createAssistanceOverview } from './assistance-overview.js';
import { createAssistanceSurveys } from './assistance-surveys.js';
import { createAssistanceVisits } from './assistance-visits.js';
import type { Clock } from './clock.js';

export function createAssistance(deps: { store: Store; clock: Clock }) {
  const service = createAssistanceService(deps);
  const visits = createAssistanceVisits(deps);
  const surveys = createAssistanceSurveys(deps);
  const overview = createAssistanceOverview({ ...deps, service, visits, surveys });
  return { service, visits, surveys, overview };
}

export type Assistance = ReturnType<typeof createAssistance>;
