import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_ACTIONS, HISTORICAL_AUDIT_ACTIONS, isAuditAction } from '@zhengming/contracts';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SERVER_SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The CLI could write through the server's exported `appendAudit`, so its source is read too. */
const SOURCE_ROOTS = [SERVER_SOURCE, path.resolve(SERVER_SOURCE, '../../cli/src')];

/** Audit helpers that take the action as a positional argument (its index), rather than inside an event. */
const ACTION_ARGUMENT_INDEX = new Map([['auditOperator', 2]]);

interface WrittenAction {
  code: string;
  /** `file:line`, relative to the packages folder. */
  where: string;
}

/** The `.ts` files of the running code: tests and test support write made-up actions on purpose. */
function listSourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'test-support' ? [] : listSourceFiles(full);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/**
 * The string literals an expression can evaluate to (`cond ? 'a' : 'b'` gives both). Anything else — such as
 * `event.action` handed on by a helper — is a pass-through of a value typed `AuditAction` and is not collected.
 */
function literalsOf(expression: ts.Expression): string[] {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
    return [expression.text];
  }
  if (ts.isConditionalExpression(expression)) {
    return [...literalsOf(expression.whenTrue), ...literalsOf(expression.whenFalse)];
  }
  if (ts.isParenthesizedExpression(expression)) {
    return literalsOf(expression.expression);
  }
  return [];
}

function propertyNamed(literal: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return literal.properties.find(
    (property): property is ts.PropertyAssignment =>
      ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name,
  );
}

/**
 * Every action literal the file gives an audit writer: the `action` of an event object (an object literal with
 * `officeIds` and `action`, the shape of `AuditEvent`), and the action argument of the helpers above.
 */
function collectWrittenActions(file: string): WrittenAction[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const written: WrittenAction[] = [];
  const record = (expression: ts.Expression): void => {
    const { line } = source.getLineAndCharacterOfPosition(expression.getStart(source));
    const where = `${path.relative(path.resolve(SERVER_SOURCE, '../..'), file)}:${line + 1}`;
    written.push(...literalsOf(expression).map((code) => ({ code, where })));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node) && propertyNamed(node, 'officeIds') !== undefined) {
      const action = propertyNamed(node, 'action');
      if (action !== undefined) {
        record(action.initializer);
      }
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const index = ACTION_ARGUMENT_INDEX.get(node.expression.text);
      const argument = index === undefined ? undefined : node.arguments[index];
      if (argument !== undefined) {
        record(argument);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return written;
}

const written = SOURCE_ROOTS.flatMap(listSourceFiles).flatMap(collectWrittenActions);
const writtenCodes = new Set(written.map((action) => action.code));

describe('AUDIT_ACTIONS', () => {
  it('has a row for every action the server writes', () => {
    const unlabelled = written.filter((action) => !isAuditAction(action.code));
    expect(unlabelled, 'add these codes to AUDIT_ACTIONS in contracts/src/audit-actions.ts').toEqual([]);
    // The collector must see the writers at all: the system chain's first entry and an operator's helper call.
    expect(writtenCodes).toContain('system.first_run');
    expect(writtenCodes).toContain('operator.read');
  });

  it('has no row that nothing writes, unless the row is listed as historical', () => {
    const historical = new Set<string>(HISTORICAL_AUDIT_ACTIONS);
    const unwritten = Object.keys(AUDIT_ACTIONS).filter((code) => !writtenCodes.has(code) && !historical.has(code));
    expect(
      unwritten,
      'a renamed or retired action keeps its row (stored entries use it) and goes into HISTORICAL_AUDIT_ACTIONS',
    ).toEqual([]);
    expect(
      HISTORICAL_AUDIT_ACTIONS.filter((code) => writtenCodes.has(code)),
      'historical yet still written',
    ).toEqual([]);
  });

  it('names every action in Chinese and English, each name used once', () => {
    const labels = Object.values(AUDIT_ACTIONS);
    for (const language of ['zh', 'en'] as const) {
      const names = labels.map((label) => label[language].trim());
      expect(names.filter((name) => name === '')).toEqual([]);
      expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    }
  });
});
