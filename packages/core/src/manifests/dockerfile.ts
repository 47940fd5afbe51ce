/**
 * Dockerfiles (and Containerfiles) parsed with `dockerfile-ast`, which keeps every instruction's and
 * argument's range: build stages, the final stage, and what the image runs as PID 1.
 */
import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import type { SourceRange } from './yaml.js';

export type { Dockerfile, From, Instruction };

/** An LSP-style range: 0-based line and character. */
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface DockerfileFile {
  text: string;
  dockerfile: Dockerfile;
  lineStarts: number[];
}

export interface DockerStage {
  from: From;
  /** `AS <name>`, lower-cased. */
  name: string | undefined;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): DockerfileFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return { text, dockerfile: DockerfileParser.parse(text), lineStarts };
}

export function dockerRange(file: DockerfileFile, range: LspRange): SourceRange {
  const offset = (p: { line: number; character: number }): number => (file.lineStarts[p.line] ?? file.text.length) + p.character;
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
    start: offset(range.start),
    end: offset(range.end),
  };
}

/** Build stages in order; instructions before the first FROM (ARGs) belong to none. */
export function stagesOf(file: DockerfileFile): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const instruction of file.dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as From;
      stages.push({ from, name: from.getBuildStage()?.toLowerCase() ?? undefined, instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The last instruction with this keyword in the stage. */
export function lastInstruction(stage: DockerStage, keyword: string): Instruction | undefined {
  for (let i = stage.instructions.length - 1; i >= 0; i--) if (stage.instructions[i]!.getKeyword() === keyword) return stage.instructions[i];
  return undefined;
}

/** Is an instruction in exec (JSON array) form? */
export function isExecForm(instruction: Instruction): boolean {
  const content = instruction.getRawArgumentsContent()?.trim() ?? '';
  return content.startsWith('[') && content.endsWith(']');
}

/** The words of CMD / ENTRYPOINT: the JSON strings in exec form, the shell words otherwise. */
export function commandWords(instruction: Instruction): string[] {
  if (isExecForm(instruction)) {
    try {
      const parsed = JSON.parse(instruction.getRawArgumentsContent()!.trim()) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not valid JSON: Docker runs it in a shell
    }
  }
  return instruction.getArguments().map((a) => a.getValue());
}


/** The ARGs declared before the first FROM, with their defaults (only those can name a base image). */
export function initialArgs(file: DockerfileFile): Map<string, string | undefined> {
  const args = new Map<string, string | undefined>();
  for (const arg of file.dockerfile.getInitialARGs()) {
    const p = arg.getProperty();
    if (p !== null) args.set(p.getName(), p.getValue() ?? undefined);
  }
  return args;
}

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}` from the initial ARGs (a `--build-arg` can
 * override them; the default is what the file says). Undefined when a variable has no value.
 */
export function substituteArgs(text: string, args: ReadonlyMap<string, string | undefined>): string | undefined {
  let unknown = false;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = args.get((braced ?? bare)!) ?? fallback;
    if (value === undefined || value === '') unknown = true;
    return value ?? '';
  });
  return unknown ? undefined : out;
}

/** The stage a stage is built FROM, when its image is an earlier stage of the file (`FROM base`). */
export function parentStage(stages: readonly DockerStage[], stage: DockerStage): DockerStage | undefined {
  const index = stages.indexOf(stage);
  const image = stage.from.getImageName()?.toLowerCase();
  if (image === undefined) return undefined;
  for (let i = index - 1; i >= 0; i--) if (stages[i]!.name === image) return stages[i];
  return undefined;
}

/** What the image runs: the final stage, the stages it is built FROM, and the base image they start from. */
export interface DockerRuntime {
  final: DockerStage;
  /** The final stage first, then each stage it is built FROM. */
  chain: DockerStage[];
  /** The external base image of the chain with initial ARGs substituted; undefined when an ARG has no default. */
  image: string | undefined;
  /** Where to report about the base image: the FROM of the chain's first stage. */
  imageFrom: From;
}

export function dockerRuntime(file: DockerfileFile, stages: readonly DockerStage[] = stagesOf(file)): DockerRuntime | undefined {
  const final = stages[stages.length - 1];
  if (final === undefined) return undefined;
  const chain = [final];
  for (let parent = parentStage(stages, final); parent !== undefined && !chain.includes(parent); parent = parentStage(stages, parent)) chain.push(parent);
  const root = chain[chain.length - 1]!;
  const raw = root.from.getImage();
  return { final, chain, image: raw === null ? undefined : substituteArgs(raw, initialArgs(file)), imageFrom: root.from };
}

/** The last instruction with this keyword along the chain (a USER or CMD of a parent stage carries over). */
export function runtimeInstruction(runtime: DockerRuntime, keyword: string): Instruction | undefined {
  for (const stage of runtime.chain) {
    const found = lastInstruction(stage, keyword);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Base images that run Node (or Bun) as they come: official, distroless, UBI, Chainguard, Bitnami. */
export const NODE_RUNTIME_IMAGES: readonly RegExp[] = [
  /(^|\/)node$/, /(^|\/)nodejs(\d+)?(-[\w.]+)?$/, /(^|\/)distroless\/nodejs[\w-]*$/, /(^|\/)ubi\d+\/nodejs-\d+(-minimal)?$/, /(^|\/)alpine-node$/, /^oven\/bun$/, /(^|\/)bun$/,
];

/** Programs that are Node (or start it) when they are PID 1. */
const NODE_PROGRAMS = /^(.*\/)?(node|nodejs|npm|npx|yarn|pnpm|bun|tsx|ts-node|nodemon|pm2|pm2-runtime)$/;

/**
 * Does the image run Node? Its base is a Node image, its final stages install `nodejs`, or it starts
 * `node` (or a package manager). An image on a base an ARG without a default names is taken to run
 * Node (nothing says otherwise). The Dockerfile rules whose advice is Node's (`USER node`,
 * `node:<v>-slim`, `CMD ["node", …]`) judge only these; an nginx image serving a built front end does not run
 * the package's code.
 */
export function runsNode(runtime: DockerRuntime): boolean {
  if (runtime.image === undefined) return true;
  const name = runtime.image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  if (NODE_RUNTIME_IMAGES.some((re) => re.test(name))) return true;
  for (const stage of runtime.chain) {
    for (const i of stage.instructions) {
      const keyword = i.getKeyword();
      if (keyword === 'RUN' && /\b(apk\s+add|apt-get\s+install|apt\s+install|dnf\s+install|yum\s+install|microdnf\s+install)\b[^&|;]*\bnodejs\b/.test(i.getRawArgumentsContent() ?? '')) return true;
      if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && commandWords(i).slice(0, 3).some((w) => NODE_PROGRAMS.test(w))) return true;
    }
  }
  return false;
}

/**
 * Is the image a service's: it says what it runs (`CMD`, `ENTRYPOINT`) or what it serves (`EXPOSE`)
 * in its final stages? An image without any (a code generator, a toolbox that is always run with a
 * command of its own) is not deployed as the service, and the rules about the service's image leave it alone.
 */
export function isServiceImage(runtime: DockerRuntime): boolean {
  return ['CMD', 'ENTRYPOINT', 'EXPOSE'].some((k) => runtimeInstruction(runtime, k) !== undefined);
}
