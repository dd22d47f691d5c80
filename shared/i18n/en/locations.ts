import type { locationsUi as zhLocationsUi } from '../zh-CN/locations.js';

/** English: the locations tree (库房 › 柜 › 架 › 盒). */
export const locationsUi: typeof zhLocationsUi = {
  locations: {
    title: 'Storage locations',
    addRoom: 'Add room',
    empty: 'No storage locations yet.',
    kinds: { room: 'Room', cabinet: 'Cabinet', shelf: 'Shelf', box: 'Box' },
    expand: 'Expand',
    collapse: 'Collapse',
    fillTitle_one: '{{files}} file / capacity {{capacity}}',
    fillTitle: '{{files}} files / capacity {{capacity}}',
    filesOnly_one: '{{files}} file',
    filesOnly: '{{files}} files',
    edit: 'Edit',
    remove: 'Remove',
    removeConfirm: 'Remove "{{name}}"?',
    removedOk: '"{{name}}" was removed.',
    savedOk: '"{{name}}" was saved.',
    filesAt: 'Files in {{path}}',
    pickOne: 'Pick a location to see its files',
    newTitle: 'New {{kind}} in "{{parent}}"',
    top: 'records office',
    editTitle: 'Edit "{{name}}"',
    code: 'Code',
    name: 'Name',
    capacity: 'Capacity (files)',
    capacityHint: 'Leave empty for no limit',
  },
};
