// A project module that re-exports fs APIs under other names: typed mode follows it.
import * as fs from 'node:fs';
export { writeFile as save } from 'node:fs/promises';
export const fsx = fs;
