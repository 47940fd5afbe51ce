/** Types for the bench's generator, for tests that generate projects with it. */
export const GENERATOR_VERSION: number;
export function generateProject(dir: string, files: number, seed?: number): { dir: string; files: number };
export function generateMonorepo(dir: string, files: number, packages?: number, seed?: number): { dir: string; files: number };
export function generateOverlapping(dir: string, files: number, tsconfigs?: number, seed?: number): { dir: string; files: number };
export function generateMonorepoPackage(dir: string, files: number, siblings?: number, seed?: number): { dir: string; app: string; files: number };
