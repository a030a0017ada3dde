# bash completion for kiosque-index, kiosque-query, kiosque-nightly and
# kiosque-alerts                                              -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installed under each program's name in .../bash-completion/completions, so
# that bash-completion loads it on first use of any.
# Option names come from the program's own --help (read once a shell), so
# they follow the program; what an option's argument completes to is decided
# here: --sort and --color their values, a DIR argument directories, a FILE or
# PATH argument files, any other argument nothing. The program's PATH...
# operands complete files and folders; QUERY words complete nothing.

declare -gA _kiosque_options_of=()   # program -> "--db -d --source ..."
declare -gA _kiosque_arg_of=()       # "program option" -> DIR, N, ORDER...
declare -gA _kiosque_operand_of=()   # program -> PATH, QUERY...

# Reads `program --help` once: its options (Boost.Program_options layout,
# "  -d [ --db ] DIR   text", "  --source NAME   text" or, for a literal
# argument, "  --shard-by year   text"), the name of each
# option's argument, and the operand named on the Usage line.
_kiosque_read_help() {
  local program=$1 line short long arg options=''
  local option_re='^  (-([[:alnum:]]) \[ )?--([[:alnum:]][[:alnum:]-]*)( \])?( ([A-Z][A-Z_]*|[a-z]+)( |$))?'
  local usage_re='^Usage: [^ ]+ .* ([A-Z][A-Z_]*)\.\.\.'
  [[ -n ${_kiosque_options_of[$program]+set} ]] && return 0
  while IFS= read -r line; do
    if [[ $line =~ $usage_re ]]; then
      _kiosque_operand_of[$program]=${BASH_REMATCH[1]}
    elif [[ $line =~ $option_re ]]; then
      short=${BASH_REMATCH[2]} long=${BASH_REMATCH[3]} arg=${BASH_REMATCH[6]}
      options+=" --$long"
      [[ -n $short ]] && options+=" -$short"
      if [[ -n $arg ]]; then
        _kiosque_arg_of["$program --$long"]=$arg
        [[ -n $short ]] && _kiosque_arg_of["$program -$short"]=$arg
      fi
    fi
  done < <(LC_ALL=C "$program" --help 2>/dev/null)
  # The scripts' --help is free text: also take the options of the usage
  # lines ("[--limit N]") and those starting a line, with the argument named.
  {
    local rest word_re='(\[|^ +)(--[[:alnum:]][[:alnum:]-]*)( ([A-Z][A-Z_]*))?'
    while IFS= read -r line; do
      rest=$line
      while [[ $rest =~ $word_re ]]; do
        long=${BASH_REMATCH[2]} arg=${BASH_REMATCH[4]}
        [[ " $options " == *" $long "* ]] || options+=" $long"
        [[ -n $arg && -z ${_kiosque_arg_of["$program $long"]-} ]] &&
          _kiosque_arg_of["$program $long"]=$arg
        rest=${rest#*"${BASH_REMATCH[0]}"}
      done
    done < <(LC_ALL=C "$program" --help 2>/dev/null)
    local always
    for always in --help --version; do
      [[ -z $options || " $options " == *" $always "* ]] || options+=" $always"
    done
  }
  # Not cached when the program is missing, so that installing it later works.
  [[ -n $options ]] && _kiosque_options_of[$program]=$options
}

# Files and folders (or folders only, with -d) matching $cur.
_kiosque_files() {
  if declare -F _filedir >/dev/null; then
    _filedir "$@"   # bash-completion's: handles ~, quotes and spaces
    return
  fi
  compopt -o filenames 2>/dev/null
  if [[ $1 == -d ]]; then
    mapfile -t COMPREPLY < <(compgen -d -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

_kiosque() {
  local program=$1 cur=${COMP_WORDS[COMP_CWORD]} prev='' i
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  # bash splits --db=DIR at '=': complete the value of the option before it.
  if [[ $cur == = ]]; then
    cur=''
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  COMPREPLY=()
  _kiosque_read_help "$program"

  local arg=${_kiosque_arg_of["$program $prev"]-}
  if [[ -n $arg ]]; then
    case $prev in
      --sort) mapfile -t COMPREPLY < <(compgen -W 'relevance date -date' -- "$cur") ;;
      --color) mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur") ;;
      --shard-by) mapfile -t COMPREPLY < <(compgen -W 'year' -- "$cur") ;;
      *)
        case $arg in
          DIR) _kiosque_files -d ;;
          FILE | PATH) _kiosque_files ;;
        esac
        ;;
    esac
    return 0
  fi

  # After "--" everything is an operand.
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} == -- ]] && break
  done
  if [[ $cur == -* ]] && ((i == COMP_CWORD)); then
    mapfile -t COMPREPLY < <(compgen -W "${_kiosque_options_of[$program]}" -- "$cur")
    return 0
  fi
  case ${_kiosque_operand_of[$program]-} in
    PATH | FILE) _kiosque_files ;;
  esac
  return 0
}

complete -F _kiosque kiosque-index kiosque-query kiosque-nightly kiosque-alerts
