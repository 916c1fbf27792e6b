from minedash.cli import main

raise SystemExit(main())
