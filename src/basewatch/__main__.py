from basewatch.cli import main

main()
