"""``python -m stagegap``: the same command line as the ``stagegap`` console script."""

from stagegap.tui.cli import main

if __name__ == "__main__":
    main(prog_name="stagegap")
