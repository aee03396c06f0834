from efter.start import main

main()
