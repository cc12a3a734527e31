// Staff mode and the loopback test controls drive the simulated reader with the contract's SimulatorCommand
// (insert a demo card — a built-in one or one of the config's reader.simulator.cards —, remove it, unplug, plug,
// inject a fault). The contract checks the shape; this checks the names against what the simulator offers and
// refuses everything when no simulator is in use.
import { HexinError } from '../../../common/errors';
import type { SimulatorCommand } from '../../../common/contract';
import { demoCardIds, demoCardSpec, type ExtraDemoCards } from './demo-cards';
import { SIM_FAULTS, type SimFault, type SimulatedReader } from './simulator';

export async function controlSimulator(
  simulator: SimulatedReader | null,
  command: SimulatorCommand,
  facesDir?: string,
  extraCards: ExtraDemoCards = {},
): Promise<void> {
  if (!simulator) throw new HexinError('SIMULATOR_UNAVAILABLE', 'the simulated reader is not in use');
  switch (command.action) {
    case 'insert':
      if (!demoCardIds(extraCards).includes(command.card)) {
        throw new HexinError(
          'BAD_REQUEST',
          `unknown demo card ${command.card}; one of ${demoCardIds(extraCards).join(', ')}`,
        );
      }
      return simulator.insertCard(demoCardSpec(command.card, facesDir, extraCards));
    case 'remove':
      return simulator.removeCard();
    case 'unplug':
      return simulator.unplug();
    case 'plug':
      return simulator.plug();
    case 'fault':
      if (!(SIM_FAULTS as readonly string[]).includes(command.fault)) {
        throw new HexinError(
          'BAD_REQUEST',
          `unknown fault ${command.fault}; one of ${SIM_FAULTS.join(', ')}`,
        );
      }
      return simulator.injectFault(command.fault as SimFault);
  }
}
