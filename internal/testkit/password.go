package testkit

import "hatch/internal/password"

// FastPassword are argon2id parameters cheap enough for tests, which hash
// hundreds of passwords; production uses password.Default.
var FastPassword = password.Params{Memory: 1024, Time: 1, Threads: 1}
