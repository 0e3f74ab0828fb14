"""One module per `contracts` subcommand: HELP, add_arguments(parser), run(args) -> exit code.

Command modules import their stage lazily inside `run`, so `contracts --help` stays fast.
"""
