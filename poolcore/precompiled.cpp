// The translation unit that builds the core precompiled header (POOLSCOPE_PCH, CMakeLists.txt).
