# Host checks of the user library (procs/lib), included from tests/host/CMakeLists.txt.
#
# 1. brk_heap_test: GoogleTest for the allocator behind malloc, built natively (plain and sanitized).
# 2. userlib.host.*: runs i386 user programs directly on this Linux host. The Linux calls they use
#    (read, write, exit, brk, nanosleep, clock_gettime) have Linux's numbers and semantics, so a 32-bit
#    static binary runs under the host kernel's IA-32 emulation; that checks crt0 (argc/argv), print,
#    malloc on brk and sleeping for real. Registered only if a probe binary runs at configure time:
#    64-bit kernels built without IA32_EMULATION (or booted with ia32_emulation=0) cannot run them.

cw_host_test(brk_heap_test SOURCES brk_heap_test.cpp ${PROJECT_SOURCE_DIR}/procs/lib/brk_heap.cpp CORE cw_lib)

# The probe: the smallest static i386 program, which exits with status 42 through int 0x80.
set(probe_dir ${CMAKE_CURRENT_BINARY_DIR}/i386_probe)
file(WRITE ${probe_dir}/probe.cpp
     "__asm__(\".globl _start\\n_start:\\n movl $1, %eax\\n movl $42, %ebx\\n int $0x80\\n\");\n")
execute_process(
  COMMAND ${CMAKE_CXX_COMPILER} -m32 -static -nostdlib -fno-pic -no-pie -o ${probe_dir}/probe ${probe_dir}/probe.cpp
  RESULT_VARIABLE probe_built OUTPUT_QUIET ERROR_QUIET)
set(probe_ran "not built")
if(probe_built EQUAL 0)
  execute_process(COMMAND ${probe_dir}/probe RESULT_VARIABLE probe_ran OUTPUT_QUIET ERROR_QUIET TIMEOUT 10)
endif()
if(NOT probe_ran STREQUAL "42")
  message(STATUS "User programs cannot run on this host (i386 probe: ${probe_ran}); skipping userlib.host tests")
  return()
endif()

# cw_userlib_host_test(NAME TARGET args... [EXPECT_EXIT n] [EXPECT_FILE file] [EXPECT_REGEX re])
# Runs the program with stdin from /dev/null; checks its exit status, and its stdout either exactly
# against a file (generator expressions allowed in the file, written by file(GENERATE)) or with a regex.
# stderr must be empty and no line may contain "FAIL".
function(cw_userlib_host_test name target)
  cmake_parse_arguments(ARG "" "EXPECT_EXIT;EXPECT_CONTENT;EXPECT_REGEX" "ARGS" ${ARGN})
  if(NOT DEFINED ARG_EXPECT_EXIT)
    set(ARG_EXPECT_EXIT 0)
  endif()
  set(expect_file "")
  if(DEFINED ARG_EXPECT_CONTENT)
    set(expect_file ${CMAKE_CURRENT_BINARY_DIR}/userlib_expected/${name}.txt)
    file(GENERATE OUTPUT ${expect_file} CONTENT "${ARG_EXPECT_CONTENT}")
  endif()
  add_test(NAME userlib.host.${name}
           COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> "-DARGS=${ARG_ARGS}"
                   -DEXPECT_EXIT=${ARG_EXPECT_EXIT} -DEXPECT_FILE=${expect_file} "-DEXPECT_REGEX=${ARG_EXPECT_REGEX}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/run_user_program.cmake)
  set_tests_properties(userlib.host.${name} PROPERTIES LABELS "userlib;host" TIMEOUT 60)
endfunction()

cw_userlib_host_test(linux_hello linux_hello ARGS one "two words"
  EXPECT_CONTENT "Hello from a plain Linux i386 binary\nargc=3\nargv[0]=$<TARGET_FILE:linux_hello>\nargv[1]=one\nargv[2]=two words\n")
cw_userlib_host_test(hello hello ARGS one "two words"
  EXPECT_CONTENT "hello, world\nargc=3\nargv[0]=$<TARGET_FILE:hello>\nargv[1]=one\nargv[2]=two words\n")
cw_userlib_host_test(t_exit t_exit ARGS 300 EXPECT_EXIT 44
  EXPECT_CONTENT "t_exit: exiting with status 300\n")
cw_userlib_host_test(t_brk t_brk ARGS 4096
  EXPECT_REGEX "^\\(t_brk\\) begin\n(.*\n)*\\(t_brk\\) 4096 KiB block written and verified\n(.*\n)*\\(t_brk\\) end\n$")
cw_userlib_host_test(counter counter ARGS 3 20
  EXPECT_REGEX "^counter [0-9]+: 1/3\ncounter [0-9]+: 2/3\ncounter [0-9]+: 3/3\ncounter [0-9]+: done\n$")
cw_userlib_host_test(counter_help counter ARGS --help
  EXPECT_CONTENT "usage: $<TARGET_FILE:counter> [COUNT [DELAY_MS]]\n")
# t_signal uses only Linux calls: on the host it checks the test's own expectations against Linux itself
# (the integration cases signal-8/-29 compare Clockwork's output with the same lines).
cw_userlib_host_test(t_signal t_signal
  EXPECT_REGEX "^\\(t_signal\\) begin\n(\\(t_signal\\) [0-9]+\\. [^\n]*\n)+\\(t_signal\\) end\n$")
