// The translation unit that builds the window's precompiled header (POOLSCOPE_PCH, CMakeLists.txt).
