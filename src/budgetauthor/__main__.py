from .cli import main

if __name__ == "__main__":  # not when a --jobs worker process (spawn: Windows, macOS) re-imports it
    main()
