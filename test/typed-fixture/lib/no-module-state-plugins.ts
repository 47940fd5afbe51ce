// no-module-state typed cases: another module that registers a plugin through a static method while it loads.
import { NmsPlugins } from './no-module-state-store.js';

NmsPlugins.add('audit');
