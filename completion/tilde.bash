# SPDX-License-Identifier: MIT
# Bash completion for tilde-index, tilde-search, tilde-serve and tilde-bench (bash-completion package).
# Options come from each program's own --help, so they never drift from it; values that
# name an index or a file complete paths, and the options with a fixed set of values, those.

_tilde_option_values() {
    case $1 in
        --lang | -l) COMPREPLY=($(compgen -W 'auto es en' -- "$cur")) ;;
        --sort) COMPREPLY=($(compgen -W 'relevance date -date' -- "$cur")) ;;
        --color) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")) ;;
        --index | --single-file | --queries | --qrels | --per-query) _filedir ;;
        --limit | -n | --offset | --per-document | --timeout | --memory | --batch-mb | \
            --bulk-mb | --shards | --threads | --runs | --warmup | --worst | --stop-after | \
            --listen | --cors) ;;  # a number
        *) return 1 ;;
    esac
    return 0
}

_tilde() {
    local cur prev words cword
    _init_completion || return
    local program=${words[0]}
    local help_args=(--help)
    if [[ ${program##*/} == tilde-bench ]]; then
        if ((cword == 1)); then
            COMPREPLY=($(compgen -W 'index query relevance --help --version' -- "$cur"))
            return
        fi
        help_args=("${words[1]}" --help)
    fi
    _tilde_option_values "$prev" && return
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("$program" "${help_args[@]}" 2>/dev/null |
            grep -oE -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
        return
    fi
    # tilde-index indexes files and folders; tilde-search's arguments are query words.
    if [[ ${program##*/} == tilde-index || ${program##*/} == tilde-bench ]]; then
        _filedir
    fi
}
complete -F _tilde tilde-index tilde-search tilde-serve tilde-bench
