return Hiy.Cli.HiyCli.Run(args);
