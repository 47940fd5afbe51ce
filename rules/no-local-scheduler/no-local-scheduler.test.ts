import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('no-local-scheduler', {
  valid: [],
  invalid: [],
});
