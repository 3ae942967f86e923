# bash completion for grit: subcommands from `grit --list-cmds=builtins`,
# options from each command's own usage (`grit <cmd> -h`), so completion
# always matches the binary that is installed.

# The long and short options that `grit <cmd> -h` lists, one per line.
__grit_options() {
	"$1" "$2" -h 2>/dev/null |
	sed -nE 's/^ {4}(-[a-zA-Z0-9], )?(--?[a-zA-Z0-9][a-zA-Z0-9-]*)(\[?=)?.*/\2\3/p' |
	sed -e 's/\[=$/=/'
}

_grit() {
	local cur=${COMP_WORDS[COMP_CWORD]} grit=${COMP_WORDS[0]} cmd= i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C | -c | --git-dir | --work-tree) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--version --help -C -c --git-dir= --work-tree= --bare --no-pager
				--no-replace-objects" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$grit" --list-cmds=builtins 2>/dev/null) help version" -- "$cur"))
		fi
	elif [[ $cmd == help ]]; then
		COMPREPLY=($(compgen -W "$("$grit" --list-cmds=builtins 2>/dev/null)" -- "$cur"))
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(__grit_options "$grit" "$cmd")" -- "$cur"))
		[[ ${COMPREPLY[0]-} == *= ]] && compopt -o nospace 2>/dev/null
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}

complete -o bashdefault -o default -F _grit grit
