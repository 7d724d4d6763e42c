// Empty: the real library is linked through the dependency.
