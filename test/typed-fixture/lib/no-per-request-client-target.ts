// Placeholder: the no-per-request-client RuleTester case that a route in another file calls is written here.
