// The composition root shared by the server, the CLI and the tests.
import type { Store } from '../store/store.js';
import { createAuthService } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { createRegionNames } from './region-names.js';
import { createRegistryService } from './registry.js';
import { createRectificationService } from './rectification.js';
import { createRectificationViews } from './rectification-views.js';
import { createWorkbookService } from './workbook/service.js';
import { createExitCaseService } from './exit-cases.js';
import { createSamplingService } from './sampling.js';
import { createScoringService } from './scoring.js';
import { createExitAssessmentService } from './exit-assessment.js';
import { createAssistance } from './assistance-module.js';
import { createCrosscheckService } from './crosscheck.js';
import { createQualityService } from './quality.js';

export function composeApp(store: Store, clock: Clock = systemClock) {
  return {
    store,
    clock,
    auth: createAuthService({ store, clock }),
    registry: createRegistryService({ store, clock }),
    regionNames: createRegionNames(store.db),
    rectification: createRectificationService({ store, clock }),
    rectificationViews: createRectificationViews({ store, clock }),
    workbooks: createWorkbookService({ store, clock }),
    exitCases: createExitCaseService({ store, clock, registry: createRegistryService({ store, clock }) }),
    sampling: createSamplingService({ store, clock }),
    scoring: createScoringService({ store, clock }),
    exitAssessment: createExitAssessmentService({ store, clock }),
    assistance: createAssistance({ store, clock }),
    crosscheck: createCrosscheckService({ store, clock, rectification: createRectificationService({ store, clock }) }),
    quality: createQualityService({ store, clock }),
  };
}
