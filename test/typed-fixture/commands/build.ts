// Placeholder: RuleTester replaces this file's content with each test case.
