# Run at install time: makes libexec/grit/git and libexec/grit/git-<cmd>, one
# for each command the installed grit lists, as relative links to bin/grit.
# Expects GRIT_BINARY, GRIT_EXEC_DIR and GRIT_BIN_DIR (full install paths).
set(exec_dir "$ENV{DESTDIR}${GRIT_EXEC_DIR}")
file(MAKE_DIRECTORY "${exec_dir}")
execute_process(COMMAND "${GRIT_BINARY}" --list-cmds=builtins
                OUTPUT_VARIABLE commands COMMAND_ERROR_IS_FATAL ANY)
string(STRIP "${commands}" commands)
string(REPLACE "\n" ";" commands "${commands}")
file(RELATIVE_PATH target "${GRIT_EXEC_DIR}" "${GRIT_BIN_DIR}/grit")
foreach(link git ${commands})
  if(NOT link STREQUAL "git")
    set(link "git-${link}")
  endif()
  message(STATUS "Installing: ${exec_dir}/${link} -> ${target}")
  file(CREATE_LINK "${target}" "${exec_dir}/${link}" SYMBOLIC)
endforeach()
