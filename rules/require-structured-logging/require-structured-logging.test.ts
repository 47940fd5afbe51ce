import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('require-structured-logging', {
  valid: [],
  invalid: [],
});
