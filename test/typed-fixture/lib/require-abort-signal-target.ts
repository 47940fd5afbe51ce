// Placeholder: the require-abort-signal RuleTester case that a route in another file calls is written here.
