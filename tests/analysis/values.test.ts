import { type TSESTree } from '@typescript-eslint/utils';
import { createDebugRule } from '../../src/analysis/engine/debug';
import { assignedValues } from '../../src/analysis/scope/values';
import { jsRuleTester, ruleTester } from '../rule-tester';

/** Question 7 for values: every `probe(x)` reports the source text of what `x` is ever given. */
const debugValues = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { values: '{{values}}' } },
  create(context) {
    return {
      'CallExpression[callee.name="probe"]'(node: TSESTree.CallExpression) {
        const arg = node.arguments[0];
        if (!arg) return;
        const values = assignedValues(arg, context.sourceCode).map((v) => context.sourceCode.getText(v));
        context.report({ node, messageId: 'values', data: { values: values.join(' | ') || 'unknown' } });
      },
    };
  },
});

const values = (v: string) => ({ messageId: 'values' as const, data: { values: v } });

const cases = {
  valid: ['const x = 1;'],
  invalid: [
    // a variable: its initialiser and its assignments
    { code: 'const a = new Ajv();\nprobe(a);', errors: [values('new Ajv()')] },
    { code: 'let a = make();\na = other();\nprobe(a);', errors: [values('make() | other()')] },
    // a field of `this`: its initialiser and every `this.x = …` (or `??=`) in the class
    { code: 'class V { ajv = new Ajv(); get() { probe(this.ajv); } }', errors: [values('new Ajv()')] },
    { code: 'class V { constructor() { this.ajv = new Ajv(); } get() { probe(this.ajv); } lazy() { this.ajv ??= make(); } }', errors: [values('new Ajv() | make()')] },
    // a parameter or another object's property: not known
    { code: 'function f(a) { probe(a); }', errors: [values('unknown')] },
    { code: 'probe(o.ajv);', errors: [values('unknown')] },
  ],
};

ruleTester.run('assigned values (TS parser)', debugValues, cases);
jsRuleTester.run('assigned values (espree)', debugValues, cases);
