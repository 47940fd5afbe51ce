import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('require-request-limits', {
  valid: [],
  invalid: [],
});
