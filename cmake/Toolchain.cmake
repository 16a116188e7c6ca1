# Compiler flag sets and helpers shared by every part of the tree.
#
#   cw_host_flags        native code: createimage, host tests.
#   cw_host_san_flags    native code built with AddressSanitizer + UndefinedBehaviorSanitizer.
#   cw_kernel_flags      i386 freestanding kernel code: no exceptions, no RTTI, no libc, no SSE/x87.
#   cw_user_flags        i386 freestanding user programs (ring 3), static, no libc; x87 floating point
#                        allowed (the kernel saves every thread's FPU state, kernel/arch/fpu.h).
#
#   cw_core_library(NAME SOURCES ...)  builds the hardware-independent core from one source list four times:
#       NAME_host, NAME_host_san (native, for GoogleTest), NAME_kernel (i386, linked into the kernel) and
#       NAME_user (i386, linked into user programs).

# Build settings that only a few files use live in generated headers, not in compile definitions: a
# definition on a flag set changes every command line and rebuilds the world, while configure_file rewrites
# a header only when its contents change, so only its includers recompile. Included as "mm/...".
set(CW_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
configure_file(${PROJECT_SOURCE_DIR}/mm/pageable_pages_default.h.in ${CW_GENERATED_DIR}/mm/pageable_pages_default.h
               @ONLY)

set(CW_WARNINGS -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wcast-align -Wundef)

add_library(cw_host_flags INTERFACE)
target_compile_options(cw_host_flags INTERFACE ${CW_WARNINGS})
target_include_directories(cw_host_flags INTERFACE ${PROJECT_SOURCE_DIR})
target_include_directories(cw_host_flags INTERFACE ${CW_GENERATED_DIR})
target_compile_definitions(cw_host_flags INTERFACE CW_HOSTED=1)

add_library(cw_host_san_flags INTERFACE)
target_link_libraries(cw_host_san_flags INTERFACE cw_host_flags)
target_compile_options(cw_host_san_flags INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                       -fno-omit-frame-pointer -fmacro-prefix-map=${PROJECT_SOURCE_DIR}/=)
target_link_options(cw_host_san_flags INTERFACE -fsanitize=address,undefined)

set(CW_I386_COMMON_FLAGS
    -m32 -march=i686 -ffreestanding -fno-exceptions -fno-rtti -fno-pic -fno-pie -fno-stack-protector
    -fno-asynchronous-unwind-tables -fno-threadsafe-statics -fno-use-cxa-atexit
    -fno-omit-frame-pointer -fmacro-prefix-map=${PROJECT_SOURCE_DIR}/=)

add_library(cw_kernel_flags INTERFACE)
# -mgeneral-regs-only: the kernel never touches x87/MMX/SSE registers, which hold the running user
# thread's state between context switches (kernel/arch/fpu.h saves them only there).
# -ffunction-sections/-fdata-sections with the kernel link's --gc-sections: the core libraries carry
# functions only the host tests call, and the kernel image must fit what the bootblock loads
# (kKernelMaxBytes, lib/disk_format.h).
target_compile_options(cw_kernel_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:${CW_WARNINGS} ${CW_I386_COMMON_FLAGS} -mgeneral-regs-only
                              -ffunction-sections -fdata-sections>)
target_include_directories(cw_kernel_flags INTERFACE ${PROJECT_SOURCE_DIR})
target_include_directories(cw_kernel_flags INTERFACE ${CW_GENERATED_DIR})
target_compile_definitions(cw_kernel_flags INTERFACE CW_KERNEL=1)
target_link_options(cw_kernel_flags INTERFACE -m32 -nostdlib -static -no-pie -Wl,--build-id=none)

add_library(cw_user_flags INTERFACE)
target_compile_options(cw_user_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:${CW_WARNINGS} ${CW_I386_COMMON_FLAGS}>)
target_include_directories(cw_user_flags INTERFACE ${PROJECT_SOURCE_DIR})
target_compile_definitions(cw_user_flags INTERFACE CW_USER=1)
target_link_options(cw_user_flags INTERFACE -m32 -nostdlib -static -no-pie -Wl,--build-id=none)


function(cw_core_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name}_host STATIC ${ARG_SOURCES})
  target_link_libraries(${name}_host PUBLIC cw_host_flags)
  add_library(${name}_host_san STATIC ${ARG_SOURCES})
  target_link_libraries(${name}_host_san PUBLIC cw_host_san_flags)
  add_library(${name}_kernel STATIC ${ARG_SOURCES})
  target_link_libraries(${name}_kernel PUBLIC cw_kernel_flags)
  add_library(${name}_user STATIC EXCLUDE_FROM_ALL ${ARG_SOURCES})
  target_link_libraries(${name}_user PUBLIC cw_user_flags)
  foreach(dep IN LISTS ARG_DEPS)
    foreach(variant IN ITEMS host host_san kernel user)
      target_link_libraries(${name}_${variant} PUBLIC ${dep}_${variant})
    endforeach()
  endforeach()
endfunction()
