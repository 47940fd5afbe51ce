import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('require-graceful-shutdown', {
  valid: [],
  invalid: [],
});
