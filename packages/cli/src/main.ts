// Entry of the built CLI (bin/zhengming.js imports dist/main.js).
import { main } from './program.js';

process.exitCode = await main(process.argv);
