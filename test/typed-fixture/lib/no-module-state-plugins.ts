// no-module-state typed cases: another module that registers a plugin through a static method while it loads.
import { NmsPlugins } from '../file.js';

NmsPlugins.add('audit');
