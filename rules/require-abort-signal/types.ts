/** Type questions the rule asks in typed mode, each after a syntactic filter. */
import type * as ts from 'typescript';
import type { TS } from '@statelint/core';

function primitiveFlags(ts: TS): number {
  const f = ts.TypeFlags;
  return f.StringLike | f.NumberLike | f.BooleanLike | f.BigIntLike | f.ESSymbolLike | f.Null | f.Undefined | f.Void;
}

/** Names of AbortSignal and of the structural stand-ins libraries declare (axios, Azure). */
const SIGNAL_TYPE_NAMES: ReadonlySet<string> = new Set(['AbortSignal', 'GenericAbortSignal', 'AbortSignalLike']);

/** `AbortSignal`, `AbortSignal | undefined`, or a type shaped like one (`aborted` and a way to listen). */
export function isAbortSignalType(ts: TS, checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some((t) => isAbortSignalType(ts, checker, t));
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | primitiveFlags(ts))) return false;
  const symbol = type.aliasSymbol ?? type.getSymbol();
  if (symbol !== undefined && SIGNAL_TYPE_NAMES.has(symbol.name)) return true;
  return (
    checker.getPropertyOfType(type, 'aborted') !== undefined &&
    (checker.getPropertyOfType(type, 'onabort') !== undefined || checker.getPropertyOfType(type, 'addEventListener') !== undefined)
  );
}

/** Any, unknown, or unresolved: the checker cannot tell (a package without types). */
export function isUnknownType(ts: TS, type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/** The type has a property `key` of an AbortSignal type (an options object that takes a signal). */
export function hasSignalProperty(ts: TS, checker: ts.TypeChecker, type: ts.Type, key: string, at: ts.Node): boolean {
  const members = type.isUnion() || type.isIntersection() ? type.types : [type];
  for (const member of members) {
    if (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | primitiveFlags(ts))) continue;
    const property = checker.getPropertyOfType(member, key) ?? (type.isIntersection() ? checker.getPropertyOfType(type, key) : undefined);
    if (property !== undefined && isAbortSignalType(ts, checker, checker.getTypeOfSymbolAtLocation(property, at))) return true;
  }
  return false;
}

/** A string, a `URL`, or a number: a value that is not an options object. */
export function isNotOptionsType(ts: TS, type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every((t) => isNotOptionsType(ts, t) || (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0);
  if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)) return true;
  return type.getSymbol()?.name === 'URL';
}

export type SignatureSlot =
  /** A parameter of type AbortSignal: `load(id, signal?)`. */
  | { kind: 'param'; index: number }
  /** An options parameter with a `signal` (or `abortSignal`) property: `get(url, { signal })`. */
  | { kind: 'options'; index: number; key: string };

/** Typed mode: where the resolved signature of a call takes a signal, if it takes one. */
export function signatureSlot(ts: TS, checker: ts.TypeChecker, call: ts.CallExpression): SignatureSlot | undefined {
  const signature = checker.getResolvedSignature(call);
  if (signature === undefined) return undefined;
  const parameters = signature.getParameters();
  for (let index = 0; index < parameters.length; index++) {
    const parameter = parameters[index]!;
    const declaration = parameter.valueDeclaration;
    if (declaration !== undefined && ts.isParameter(declaration) && declaration.dotDotDotToken !== undefined) continue;
    const type = checker.getTypeOfSymbolAtLocation(parameter, call);
    if (isAbortSignalType(ts, checker, type)) return { kind: 'param', index };
    for (const key of ['signal', 'abortSignal']) {
      if (hasSignalProperty(ts, checker, type, key, call)) return { kind: 'options', index, key };
    }
  }
  return undefined;
}
