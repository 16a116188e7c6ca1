# cw_disk_image(NAME <target> OUTPUT <file> [CMDLINE "<kernel command line>"] [SWAP_MIB <n>]
#               [PROGRAMS <name>=<cmake target> ...] [FILES <name>=<path> ...])
#
# Builds a bootable raw disk image with createimage: the bootblock, the kernel, the named user programs
# and a swap partition (SWAP_MIB, default 16). Each PROGRAMS entry names an executable target from procs/
# and the name it gets in the image's program directory; each FILES entry a static i386 ELF file built
# elsewhere (busybox from tools/deps.sh, a list given to disk.img.mk's EXTRA_PROGRAMS). The createimage layout report goes to
# <file>.layout. Everything in the image comes from the arguments, none from cache variables.
function(cw_disk_image)
  cmake_parse_arguments(ARG "" "NAME;OUTPUT;CMDLINE;SWAP_MIB" "PROGRAMS;FILES" ${ARGN})
  if(NOT ARG_SWAP_MIB)
    set(ARG_SWAP_MIB 16)
  endif()
  set(program_args)
  set(program_deps)
  foreach(entry IN LISTS ARG_PROGRAMS)
    string(REPLACE "=" ";" parts "${entry}")
    list(GET parts 0 program_name)
    list(GET parts 1 program_target)
    list(APPEND program_args --program "${program_name}=$<TARGET_FILE:${program_target}>")
    list(APPEND program_deps ${program_target})
  endforeach()
  foreach(entry IN LISTS ARG_FILES)
    string(FIND "${entry}" "=" eq)
    if(eq LESS 1)
      message(FATAL_ERROR "cw_disk_image(${ARG_NAME}): FILES expects NAME=PATH, got '${entry}'")
    endif()
    math(EXPR path_start "${eq} + 1")
    string(SUBSTRING "${entry}" 0 ${eq} file_name)
    string(SUBSTRING "${entry}" ${path_start} -1 file_path)
    # A relative path is taken from the source tree's top (where disk.img.mk runs).
    get_filename_component(file_path "${file_path}" ABSOLUTE BASE_DIR ${PROJECT_SOURCE_DIR})
    if(NOT EXISTS "${file_path}")
      message(FATAL_ERROR "cw_disk_image(${ARG_NAME}): no file ${file_path} (from '${entry}')")
    endif()
    list(APPEND program_args --program "${file_name}=${file_path}")
    list(APPEND program_deps "${file_path}")
  endforeach()
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND $<TARGET_FILE:createimage>
            --bootblock ${CW_BOOTBLOCK}
            --stage2 ${CW_STAGE2}
            --kernel $<TARGET_FILE:kernel>
            ${program_args}
            --cmdline "${ARG_CMDLINE}"
            --swap-mib ${ARG_SWAP_MIB}
            --extended
            -o ${ARG_OUTPUT} > ${ARG_OUTPUT}.layout
    DEPENDS createimage kernel bootblock ${CW_BOOTBLOCK} ${CW_STAGE2} ${program_deps}
    COMMENT "Creating disk image ${ARG_OUTPUT}"
    VERBATIM)
  add_custom_target(${ARG_NAME} ALL DEPENDS ${ARG_OUTPUT})
  set_target_properties(${ARG_NAME} PROPERTIES CW_IMAGE_FILE ${ARG_OUTPUT})
endfunction()
