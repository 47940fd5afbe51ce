// Placeholder: the no-module-state RuleTester cases whose exports other modules use are written here.
