/**
 * Visitor keys are `ts.SyntaxKind` names (`CallExpression`), plus `<Name>:exit` for the way out.
 * `SourceFile:exit` runs after the whole file has been seen: the place to decide on what a rule
 * gathered during the traversal.
 */
import type * as ts from 'typescript';

/** Node types of the kinds rules visit most; any other kind name is accepted with `ts.Node`. */
export interface NodeTypes {
  SourceFile: ts.SourceFile;
  ArrowFunction: ts.ArrowFunction;
  AwaitExpression: ts.AwaitExpression;
  BinaryExpression: ts.BinaryExpression;
  Block: ts.Block;
  CallExpression: ts.CallExpression;
  ClassDeclaration: ts.ClassDeclaration;
  ClassExpression: ts.ClassExpression;
  Constructor: ts.ConstructorDeclaration;
  Decorator: ts.Decorator;
  DeleteExpression: ts.DeleteExpression;
  ElementAccessExpression: ts.ElementAccessExpression;
  ExportAssignment: ts.ExportAssignment;
  ExportDeclaration: ts.ExportDeclaration;
  ExpressionStatement: ts.ExpressionStatement;
  ForInStatement: ts.ForInStatement;
  ForOfStatement: ts.ForOfStatement;
  FunctionDeclaration: ts.FunctionDeclaration;
  FunctionExpression: ts.FunctionExpression;
  GetAccessor: ts.GetAccessorDeclaration;
  Identifier: ts.Identifier;
  ImportDeclaration: ts.ImportDeclaration;
  ImportEqualsDeclaration: ts.ImportEqualsDeclaration;
  MethodDeclaration: ts.MethodDeclaration;
  NewExpression: ts.NewExpression;
  ObjectLiteralExpression: ts.ObjectLiteralExpression;
  PostfixUnaryExpression: ts.PostfixUnaryExpression;
  PrefixUnaryExpression: ts.PrefixUnaryExpression;
  PropertyAccessExpression: ts.PropertyAccessExpression;
  PropertyAssignment: ts.PropertyAssignment;
  PropertyDeclaration: ts.PropertyDeclaration;
  ReturnStatement: ts.ReturnStatement;
  SetAccessor: ts.SetAccessorDeclaration;
  TaggedTemplateExpression: ts.TaggedTemplateExpression;
  TemplateExpression: ts.TemplateExpression;
  VariableDeclaration: ts.VariableDeclaration;
  VariableStatement: ts.VariableStatement;
}

type KnownKind = keyof NodeTypes;

export type Visitor<N extends ts.Node = ts.Node> = (node: N) => void;

export type Visitors = {
  [K in KnownKind]?: Visitor<NodeTypes[K]>;
} & {
  [K in KnownKind as `${K}:exit`]?: Visitor<NodeTypes[K]>;
} & {
  [kindName: string]: Visitor<never> | undefined;
};
