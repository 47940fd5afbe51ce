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

/** Is the image of a stage another stage of this file (`FROM build`)? */
export function isStageReference(stages: readonly DockerStage[], index: number): boolean {
  const image = stages[index]!.from.getImageName()?.toLowerCase();
  return image !== undefined && stages.slice(0, index).some((s) => s.name === image);
}
