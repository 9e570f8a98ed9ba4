// The assistance use cases wired together, for the composition root, the routes and the CLI.
import type { Store } from '../store/store.js';
import { createAssistanceService } from './assistance.js';
import { createMeasureCatalogue } from './assistance-catalogue.js';
import { createAssistanceOverview } from './assistance-overview.js';
import { createAssistanceSurveys } from './assistance-surveys.js';
import { createAssistanceVisits } from './assistance-visits.js';
import type { Clock } from './clock.js';

export function createAssistance(deps: { store: Store; clock: Clock }) {
  // One `service` for organisation, plans and the catalogue, as the routes and the CLI call it.
  const service = { ...createAssistanceService(deps), ...createMeasureCatalogue(deps) };
  const visits = createAssistanceVisits(deps);
  const surveys = createAssistanceSurveys(deps);
  const overview = createAssistanceOverview({ ...deps, service, visits, surveys });
  return { service, visits, surveys, overview };
}

export type Assistance = ReturnType<typeof createAssistance>;
