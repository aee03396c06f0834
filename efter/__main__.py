from efter.cli import main

main()
