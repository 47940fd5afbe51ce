import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('no-unverified-jwt', {
  valid: [],
  invalid: [],
});
