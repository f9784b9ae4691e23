// Shared test helpers live here (fixture runner, capability checks).
