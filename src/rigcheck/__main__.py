from rigcheck.entry import main

raise SystemExit(main())
