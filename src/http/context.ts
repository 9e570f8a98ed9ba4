// What routes get: the use cases, wired once in the composition root.
import type { AuthService } from '../app/auth.js';
import type { Clock } from '../app/clock.js';
import type { RegionNames } from '../app/region-names.js';
import type { RegistryService } from '../app/registry.js';
import type { Store } from '../store/store.js';

export interface AppContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly auth: AuthService;
  readonly registry: RegistryService;
  readonly regionNames: RegionNames;
}
