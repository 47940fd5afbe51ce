// no-module-state typed cases: another module that registers a route while it loads.
import { nmsAddRoute } from './no-module-state-store.js';

nmsAddRoute('/health');
