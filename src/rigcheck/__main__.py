from rigcheck.cli import main

raise SystemExit(main())
