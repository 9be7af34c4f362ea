from nerx.cli import main

main()
